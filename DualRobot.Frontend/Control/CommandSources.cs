namespace DualRobot.Frontend.Control;

/// <summary>How an operator sent a command (the <c>console.source</c> of its span).</summary>
public static class CommandSources
{
    /// <summary>The page's script: a <c>/control</c> request or a message on the command socket.</summary>
    public const string Script = "script";

    /// <summary>The page without JavaScript: a form post.</summary>
    public const string Form = "form";
}
