using DualRobot.Frontend.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages.Account;

/// <summary>POST only (with antiforgery): a GET sign-out could be triggered by any image tag.</summary>
public sealed class SignOutModel(ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        FrontendLog.SignedOut(logger, User.Identity?.Name ?? "");
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
