namespace DualRobot.Frontend.RobotApi;

/// <summary>One api process the console talks to: the only owner of its share of the robots.</summary>
public sealed record ApiInstance(string Name, Uri BaseAddress)
{
    /// <summary>An absolute address on this instance for <paramref name="pathAndQuery"/> (which starts with '/').</summary>
    public Uri At(string pathAndQuery) => new(BaseAddress, pathAndQuery);
}
