namespace DualRobot.AppHost;

public static class ParameterNames
{
    public const string ApiKey = "api-key";
    public const string OperatorPassword = "operator-password";
}
