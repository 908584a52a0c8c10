namespace DualRobot.Tests.Support;

/// <summary>
/// An external program a test drives for real: its name (the constant used in <see cref="RequiresToolFactAttribute"/>)
/// and how to find it. <see cref="Find"/> returns the path to run, or null and the reason the tool is unusable.
/// </summary>
public sealed class Tool(string name, Func<ToolStatus> find)
{
    public string Name { get; } = name;

    public ToolStatus Find() => find();

    /// <summary>A program looked up on PATH like a shell would.</summary>
    public static Tool OnPath(string name, string? hint = null) => new(name, () =>
        FindOnPath(name) is { } path
            ? ToolStatus.Found(path)
            : ToolStatus.Missing($"'{name}' is not on PATH{Hint(hint)}"));

    /// <summary>A program at a fixed path (<paramref name="path"/> is read each time: it may come from the environment).</summary>
    public static Tool AtPath(string name, Func<string> path, string? hint = null) => new(name, () =>
        path() is var file && File.Exists(file)
            ? ToolStatus.Found(file)
            : ToolStatus.Missing($"'{name}' not found at {file}{Hint(hint)}"));

    /// <summary>
    /// A program at <paramref name="path"/> that counts as usable only if a run with <paramref name="probeArguments"/>
    /// exits 0 within 30 s (e.g. <c>python3 -c "import pigpio"</c>).
    /// </summary>
    public static Tool Probed(string name, string path, IReadOnlyList<string> probeArguments, string? hint = null) => new(name, () =>
    {
        if (!File.Exists(path))
        {
            return ToolStatus.Missing($"'{path}' does not exist{Hint(hint)}");
        }

        var probe = $"{path} {string.Join(' ', probeArguments)}";
        try
        {
            var result = ProcessRunner.Run(path, probeArguments, timeout: TimeSpan.FromSeconds(30));
            return result.ExitCode == 0
                ? ToolStatus.Found(path)
                : ToolStatus.Missing($"'{probe}' exited {result.ExitCode}: {result.StandardError.Trim()}{Hint(hint)}");
        }
        catch (TimeoutException)
        {
            return ToolStatus.Missing($"'{probe}' did not finish within 30 s");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return ToolStatus.Missing($"'{path}' could not be started: {ex.Message}");
        }
    });

    /// <summary>Searches PATH like a shell would.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Hint(string? hint) => hint is null ? string.Empty : $" ({hint})";
}

/// <summary>What <see cref="Tool.Find"/> found: the full path when usable, and why not otherwise.</summary>
public sealed record ToolStatus(string? Path, string Reason)
{
    public bool IsAvailable => Path is not null;

    public static ToolStatus Found(string path) => new(path, "found");

    public static ToolStatus Missing(string reason) => new(null, reason);
}
