using System.Text.RegularExpressions;
using Khabar.Persian;

namespace Khabar.Features.Comments;

/// <summary>What a reader sends with a comment, from the form or the API.</summary>
public sealed record CommentInput(string? Name, string? Email, string? Text, long? ParentId);

/// <summary>A comment that passed the rules: normalized for storage, ready to save.</summary>
public sealed record CommentDraft(string Name, string Email, string Text, long? ParentId);

/// <summary>The rules a comment must pass, with the Persian message a reader sees per field.</summary>
public static partial class CommentRules
{
    public const int NameMaxLength = 60;
    public const int EmailMaxLength = 254;
    public const int TextMaxLength = 2000;

    /// <summary>
    /// The largest comment request read (form or JSON): far above any valid comment even percent-encoded, so an
    /// over-long field still gets its own Persian message; a larger body gets 413 without being read.
    /// </summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public const string EmailMessage = "آدرس ایمیل خود را با فرمت مناسب وارد نمایید.";
    public const string NameRequiredMessage = "نام خود را وارد نمایید.";
    public const string TextRequiredMessage = "متن نظر را وارد نمایید.";

    public static string NameTooLongMessage { get; } = $"نام نباید بیشتر از {Digits.ToPersian(NameMaxLength)} نویسه باشد.";

    public static string TextTooLongMessage { get; } = $"متن نظر نباید بیشتر از {Digits.ToPersian(TextMaxLength)} نویسه باشد.";

    /// <summary>
    /// The email pattern, shared with the browser (comment.js): a dotted domain of letters, digits and hyphens
    /// ending in a letters-only top-level label; no spaces, no leading, trailing or doubled dots.
    /// </summary>
    public const string EmailPattern =
        @"^(?!\.)(?!.*\.\.)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$";

    [GeneratedRegex(EmailPattern, RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailRegex();

    /// <summary>Checks and normalizes a comment; errors are keyed by field name (name, email, text, parent_id).</summary>
    public static CommentDraft? Validate(CommentInput input, Dictionary<string, string> errors)
    {
        var name = PersianText.NormalizeLine(input.Name, convertDigits: false);
        var email = Digits.ToAscii(input.Email ?? "").Trim().ToLowerInvariant();
        var text = PersianText.Normalize((input.Text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal)).Trim();

        if (name.Length == 0)
        {
            errors["name"] = NameRequiredMessage;
        }
        else if (name.Length > NameMaxLength)
        {
            errors["name"] = NameTooLongMessage;
        }

        if (email.Length > 0 && !IsValidEmail(email))
        {
            errors["email"] = EmailMessage;
        }

        if (text.Length == 0)
        {
            errors["text"] = TextRequiredMessage;
        }
        else if (text.Length > TextMaxLength)
        {
            errors["text"] = TextTooLongMessage;
        }

        if (input.ParentId is <= 0)
        {
            errors["parent_id"] = "نظری که به آن پاسخ می\u200Cدهید پیدا نشد.";
        }

        return errors.Count == 0 ? new CommentDraft(name, email, text, input.ParentId) : null;
    }

    public static bool IsValidEmail(string email)
    {
        if (email.Length > EmailMaxLength)
        {
            return false;
        }

        try
        {
            return EmailRegex().IsMatch(email);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
