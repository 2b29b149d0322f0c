using System.Text;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

public sealed record RevisionRow(long Id, DateTime At, string UserName, string Note);

/// <summary>One field of a revision as the diff shows it.</summary>
public sealed record RevisionField(string Label, Func<ArticleRevision, string> Read, bool Multiline = false);

/// <summary>
/// Every saved version of an article, numbered within it, a word diff of any two over every field the editor
/// saves, and «بازگردانی», which brings a version back into the editor: nothing changes until it is saved there.
/// </summary>
[Authorize(Policy = Policies.Write)]
public sealed class RevisionsModel(NewsDb db, SiteNavigation navigation) : NewsroomPageModel
{
    private Dictionary<long, int> numbers = [];

    private Dictionary<int, string> serviceNames = [];

    public IReadOnlyList<RevisionField> Fields { get; private set; } = [];

    /// <summary>A revision's number within the article: 1 for its first save.</summary>
    public int Number(long id) => numbers.GetValueOrDefault(id);

    public long Code { get; private set; }

    public string Title { get; private set; } = "";

    public IReadOnlyList<RevisionRow> Rows { get; private set; } = [];

    /// <summary>
    /// Every writer reads every article's history (reporters included: the newsroom sees what is in the works);
    /// only one who may edit the article is offered «بازگردانی».
    /// </summary>
    public bool CanRestore { get; private set; }

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
        CanRestore = ArticleEditor.CanEdit(User, article);
        PageTitle = "نسخه‌های خبر";
        Rows = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.At, r.UserName, r.Note)).ToListAsync(ct);
        numbers = Rows.Select((r, i) => (r.Id, Number: Rows.Count - i)).ToDictionary(x => x.Id, x => x.Number);
        serviceNames = (await navigation.ServicesAsync(ct)).ToDictionary(s => s.Id, s => s.Name);
        Fields =
        [
            new("روتیتر", r => r.Rotitr),
            new("تیتر", r => r.Title),
            new("لید", r => r.Lead),
            new("متن", r => Plain(r.BodyHtml), Multiline: true),
            new("سرویس", r => serviceNames.GetValueOrDefault(r.ServiceId, r.ServiceId == 0 ? "انتخاب نشده" : "—")),
            new("برچسب\u200Cها", r => string.Join("، ", r.Tags.Split('\n', StringSplitOptions.RemoveEmptyEntries))),
            new("زیرنویس تصویر", r => r.ImageCaption ?? ""),
            new("منبع", r => r.Source ?? ""),
        ];
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

    // DiffPlex's WordChunker splits at spaces only: two list items («…هفته‌ای\nفونت…») would be one word.
    private static readonly DelimiterChunker WordsAndLines = new([' ', '\t', '\n', '\r']);

    /// <summary>A readable word diff: removed words struck, added words highlighted; line breaks between blocks kept.</summary>
    public static IHtmlContent Diff(string? before, string? after)
    {
        var model = InlineDiffBuilder.Diff(before ?? "", after ?? "", ignoreWhiteSpace: false, ignoreCase: false, chunker: WordsAndLines);
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
