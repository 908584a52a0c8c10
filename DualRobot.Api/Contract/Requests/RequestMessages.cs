namespace DualRobot.Contract;

/// <summary>How a field that breaks a declared rule is described, the same for every body.</summary>
internal static class RequestMessages
{
    public const string Required = "Required.";

    /// <summary>A <see cref="System.ComponentModel.DataAnnotations.RangeAttribute"/>'s message: {1} and {2} are its bounds.</summary>
    public const string Range = "Must lie within {1}..{2}.";
}
