namespace DualRobot.Frontend.Control;

/// <summary>The <c>Control</c> section of the console (its name shared with the api's, so one setting feeds both): the key it presents to the api.</summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "Control";

    /// <summary>
    /// Bearer key for the api's actuating routes. From the AppHost's secret parameter (<c>Control__ApiKey</c>),
    /// user-secrets or a Kubernetes Secret; never committed and never sent to a browser.
    /// </summary>
    public string? ApiKey { get; set; }
}
