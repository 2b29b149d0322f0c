using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Newsroom;

/// <summary>A page of the panel: its title, and a one-time notice carried across a redirect.</summary>
public abstract class NewsroomPageModel : PageModel
{
    public string PageTitle { get; protected set; } = "";

    [TempData]
    public string? Notice { get; set; }

    /// <summary>Back to the same page and query after a post (post/redirect/get).</summary>
    protected LocalRedirectResult BackHere(string notice)
    {
        Notice = notice;
        // The path and query are the request's: only ever a page of this site.
        var back = Request.Path + Request.QueryString;
        return LocalRedirect(Url.IsLocalUrl(back) ? back : "/newsroom");
    }
}
