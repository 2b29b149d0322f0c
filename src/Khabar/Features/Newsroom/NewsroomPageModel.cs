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
    protected RedirectResult BackHere(string notice)
    {
        Notice = notice;
        return Redirect(Request.Path + Request.QueryString);
    }
}
