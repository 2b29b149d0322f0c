using System.Text;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

public sealed record RevisionRow(long Id, DateTime At, string UserName, string Note);

/// <summary>Every saved version of an article, a word diff of any two, and restore.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class RevisionsModel(NewsDb db, ArticleEditor editor) : NewsroomPageModel
{
    public long Code { get; private set; }

    public string Title { get; private set; } = "";

    public IReadOnlyList<RevisionRow> Rows { get; private set; } = [];

    public ArticleRevision? From { get; private set; }

    public ArticleRevision? To { get; private set; }

    public async Task<IActionResult> OnGetAsync(long code, long? from, long? to, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Code == code, ct);
        if (article is null)
        {
            return NotFound();
        }

        Code = code;
        Title = article.Title;
        PageTitle = "نسخه‌های خبر";
        Rows = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.At, r.UserName, r.Note)).ToListAsync(ct);
        if (Rows.Count > 0)
        {
            // By default: the newest version against the one before it.
            var toId = to ?? Rows[0].Id;
            var fromId = from ?? Rows.SkipWhile(r => r.Id != toId).Skip(1).Select(r => (long?)r.Id).FirstOrDefault();
            To = await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == toId && r.ArticleId == article.Id, ct);
            From = fromId is null ? null : await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.Id == fromId && r.ArticleId == article.Id, ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(long code, long revision, CancellationToken ct)
    {
        var result = await editor.RestoreAsync(code, revision, User, ct);
        if (result.Forbidden)
        {
            return Forbid();
        }

        Notice = result.Succeeded ? "نسخهٔ انتخاب‌شده بازگردانده شد." : "بازگردانی انجام نشد.";
        return Redirect($"/newsroom/articles/edit/{code}");
    }

    /// <summary>A readable word diff: removed words struck, added words highlighted.</summary>
    public static IHtmlContent Diff(string? before, string? after)
    {
        var model = InlineDiffBuilder.Diff(before ?? "", after ?? "", ignoreWhiteSpace: false, ignoreCase: false, chunker: new WordChunker());
        var sb = new StringBuilder();
        foreach (var line in model.Lines)
        {
            var text = System.Net.WebUtility.HtmlEncode(line.Text);
            sb.Append(line.Type switch
            {
                ChangeType.Inserted => $"<ins>{text}</ins>",
                ChangeType.Deleted => $"<del>{text}</del>",
                _ => text,
            });
        }

        return new HtmlString(sb.ToString());
    }

    public static string Plain(string html) => BodyHtml.ToPlainText(html);
}
