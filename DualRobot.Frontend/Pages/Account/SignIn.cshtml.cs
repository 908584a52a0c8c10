using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using DualRobot.Frontend.RobotApi;
using DualRobot.Frontend.Diagnostics;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages.Account;

/// <summary>Signing in always starts a new session: the operator cookie the browser brings is not read here.</summary>
[StartsNewSession]
public sealed class SignInModel(
    OperatorCredentials credentials, SignInThrottle throttle, RobotApiClient api, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty]
    [Required]
    [Display(Name = "User name")]
    public string? UserName { get; set; }

    [BindProperty]
    [Required]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool NobodyCanSignIn => credentials.UserNames.Count == 0;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (!throttle.TryAcquire(HttpContext))
        {
            FrontendLog.SignInThrottled(logger, address);
            Error = "Too many sign-in attempts. Wait a minute and try again.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = "60";
            return Page();
        }

        if (!ModelState.IsValid || !credentials.Verify(UserName, Password))
        {
            FrontendLog.SignInFailed(logger, Truncate(UserName), address);
            Error = "Wrong user name or password.";
            Password = null;
            return Page();
        }

        var (name, role) = credentials.Account(UserName!);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. OperatorRoles.Claims(role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        FrontendLog.SignedIn(logger, name);
        await api.RecordSessionAsync(name, role, signIn: true, HttpContext.RequestAborted);

        // Only back into this site: an open redirect would make the sign-in page a phishing tool.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private static string Truncate(string? text) => text is null ? "" : text.Length <= 64 ? text : text[..64] + "…";
}
