using Microsoft.Playwright;

namespace DualRobot.Tests.Frontend;

/// <summary>One Chromium per test class; each test opens its own context (cookies, storage) from it.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    /// <summary>
    /// How long any browser action or expectation may wait. Hang guards, never what a test asserts: generous, because
    /// Chromium, the AppHost and the rest of the suite share two cores.
    /// </summary>
    private const float ActionTimeoutMs = 60_000;
    private const float ExpectTimeoutMs = 30_000;

    /// <summary>A phone's viewport (390×844); with <c>phone: true</c> the context also has touch, like one.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _operatorState;

    public async Task InitializeAsync()
    {
        if (Tools.Check(Tools.Chromium).Path is not { } chromium)
        {
            // The tests skip (developer machine) or fail with the reason in NewContextAsync (CI).
            return;
        }

        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Args = ChromiumArgs,
            Headless = true,
        });
    }

    /// <summary>The browser; without Chromium, fails the test with the reason (<see cref="Tools.Require"/>).</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException(
        $"Chromium ({Tools.Require(Tools.Chromium)}) was found but not launched.");

    /// <summary>A fresh context; signed in as the operator when asked (signing in once per class keeps clear of the sign-in throttle).</summary>
    public async Task<IBrowserContext> NewContextAsync(Uri baseUrl, bool signedIn, bool javaScript = true, ViewportSize? viewport = null, bool phone = false)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString().TrimEnd('/'),
            JavaScriptEnabled = javaScript,
            ViewportSize = phone ? Phone : viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            HasTouch = phone,
            IsMobile = phone,
        };
        if (signedIn)
        {
            options.StorageState = await OperatorStateAsync(baseUrl);
        }

        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout(ActionTimeoutMs);
        return context;
    }

    private async Task<string> OperatorStateAsync(Uri baseUrl)
    {
        if (_operatorState is not null)
        {
            return _operatorState;
        }

        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(ActionTimeoutMs);
        var page = await context.NewPageAsync();
        await ConsolePages.SignInAsync(page);
        _operatorState = await context.StorageStateAsync();
        return _operatorState;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
