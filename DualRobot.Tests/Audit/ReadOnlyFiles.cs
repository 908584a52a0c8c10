namespace DualRobot.Tests.Audit;

/// <summary>
/// Makes files and folders refuse writes for real. As root, permission bits stop nobody, so the immutable attribute
/// is set instead (chattr +i binds root too); other users get the write bits removed.
/// </summary>
internal static class ReadOnlyFiles
{
    private static bool IsRoot => Environment.UserName == "root";

    public static Task MakeAsync(params string[] paths) => RunAsync(IsRoot ? "chattr" : "chmod", [IsRoot ? "+i" : "a-w", .. paths]);

    public static Task UndoAsync(params string[] paths) => RunAsync(IsRoot ? "chattr" : "chmod", [IsRoot ? "-i" : "u+w", .. paths]);

    private static async Task RunAsync(string tool, string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tool, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
