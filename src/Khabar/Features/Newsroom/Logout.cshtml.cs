using Khabar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Newsroom;

public sealed class LogoutModel(SignInManager<NewsUser> signIn) : NewsroomPageModel
{
    public IActionResult OnGet() => Redirect("/newsroom");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/newsroom/login");
    }
}
