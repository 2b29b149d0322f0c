using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Shared;

/// <summary>What every public page tells the layout: its title, description and canonical address.</summary>
public abstract class PublicPageModel : PageModel
{
    public string PageTitle { get; protected set; } = "";

    public string? Description { get; protected set; }

    /// <summary>Path and query of the canonical URL of this page, or null when it has none.</summary>
    public string? CanonicalPath { get; protected set; }

    /// <summary>The service this page belongs to, highlighted in the navigation.</summary>
    public string? ActiveService { get; protected set; }
}

/// <summary>
/// What the top of the layout shows for a page: title, description, canonical path, the service to highlight, and the
/// page's own head markup — as HTML (a Razor page's Head section) or as a partial view and its model (a page built from
/// fragments, <see cref="Articles.ArticleDocument"/>).
/// </summary>
public sealed record LayoutTop(
    string? Title, string? Description, string? CanonicalPath, string? ActiveService, bool IsHome, Microsoft.AspNetCore.Html.IHtmlContent? Head,
    string? HeadView = null, object? HeadModel = null);
