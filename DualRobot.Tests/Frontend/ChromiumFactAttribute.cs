namespace DualRobot.Tests.Frontend;

/// <summary>
/// A browser test: skipped with a clear message where Chromium is missing on a developer machine, but run (and
/// failing) when <c>CI=true</c>, so CI can never go green without the real browser.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsCi)
        {
            Skip = $"Chromium not found at {Chromium.ExecutablePath} (Debian: apt-get install chromium, or bash .ci/install-test-deps.sh). " +
                   "Skipped on a developer machine; fails when CI=true.";
        }
    }
}
