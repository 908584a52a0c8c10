using System.ComponentModel.DataAnnotations;
using System.Globalization;
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
    OperatorCredentials credentials, SignInThrottle throttle, KnownBrowsers browsers, RobotApiClient api, ILogger<SignInModel> logger)
    : PageModel
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
        if (!await throttle.TryAcquireAsync(HttpContext))
        {
            FrontendLog.SignInThrottled(logger, address);
            return TooManyAttempts("Too many sign-in attempts. Wait a minute and try again.", TimeSpan.FromMinutes(1));
        }

        // A name no account can have (control, formatting or separator characters) is refused before anything else.
        if (!ModelState.IsValid || OperatorNames.Problem(UserName!) is not null)
        {
            return WrongUserNameOrPassword(address);
        }

        var (attempt, retryAfter) = await throttle.TryBeginAccountAttemptAsync(HttpContext, UserName!);
        if (attempt is null)
        {
            FrontendLog.SignInThrottledForAccount(logger, OperatorNames.Printable(UserName), address);
            return TooManyAttempts(
                "Too many failed sign-ins for this user name. Wait and try again, or sign in from a browser this user has signed in from before.",
                retryAfter);
        }

        if (!credentials.Verify(UserName, Password))
        {
            return WrongUserNameOrPassword(address);
        }

        await throttle.SucceededAsync(attempt);
        var (name, role) = credentials.Account(UserName!);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), .. OperatorRoles.Claims(role)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        browsers.Remember(HttpContext, name);
        FrontendLog.SignedIn(logger, name);
        await api.RecordSessionAsync(name, role, signIn: true, HttpContext.RequestAborted);

        // Only back into this site: an open redirect would make the sign-in page a phishing tool.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }

    private PageResult WrongUserNameOrPassword(string? address)
    {
        // Escaped: whatever was typed, a CR/LF or a bidirectional override in it cannot forge or hide a log line.
        FrontendLog.SignInFailed(logger, OperatorNames.Printable(UserName), address);
        Error = "Wrong user name or password.";
        Password = null;
        return Page();
    }

    private PageResult TooManyAttempts(string error, TimeSpan retryAfter)
    {
        Error = error;
        Password = null;
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Page();
    }
}
