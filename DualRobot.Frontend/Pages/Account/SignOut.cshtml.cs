using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages.Account;

/// <summary>POST only (with antiforgery): a GET sign-out could be triggered by any image tag.</summary>
public sealed class SignOutModel(RobotApiClient api, ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        FrontendLog.SignedOut(logger, User.Identity?.Name ?? "");
        if (User.Identity?.Name is { } name && OperatorRoles.Of(User) is { } role)
        {
            await api.RecordSessionAsync(name, role, signIn: false, HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Index");
    }
}
