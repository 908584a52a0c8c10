namespace DualRobot.Frontend.Control;

/// <summary>The <c>Control</c> section, shared in name with the api: the key the console presents to it.</summary>
public sealed class ControlOptions
{
    public const string SectionName = "Control";

    /// <summary>
    /// Bearer key for the api's actuating routes. From the AppHost's secret parameter (<c>Control__ApiKey</c>),
    /// user-secrets or a Kubernetes Secret; never committed and never sent to a browser.
    /// </summary>
    public string? ApiKey { get; set; }
}
