namespace DualRobot.Contract;

/// <summary>Names a problem's <c>errors</c> use besides a body's own fields.</summary>
public static class RequestFields
{
    /// <summary>The whole body rather than one field: empty, not an object, not JSON, or a combination of fields.</summary>
    public const string Body = "body";
}
