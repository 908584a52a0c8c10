using System.Text;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// <c>dotnet run --project DualRobot.Frontend -- hash-password</c>: reads a password (twice, unechoed, or one line
/// from a pipe) and prints the hash to put in <c>Operators:Users:&lt;name&gt;:PasswordHash</c>.
/// </summary>
public static class PasswordHashCommand
{
    public const string Name = "hash-password";
    private const int MinLength = 12;

    public static void Run()
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = Prompt("Password: ");
            if (Prompt("Again: ") != password)
            {
                Fail("The two passwords differ.");
                return;
            }
        }

        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            Fail($"Use at least {MinLength} characters.");
            return;
        }

        var hash = OperatorCredentials.Hash(password);
        Console.Out.WriteLine(hash);
        Console.Error.WriteLine();
        Console.Error.WriteLine("Configure it, e.g. for user alice:");
        Console.Error.WriteLine($"  dotnet user-secrets set Operators:Users:alice:PasswordHash '{hash}' --project DualRobot.Frontend");
        Console.Error.WriteLine($"  or the environment variable Operators__Users__alice__PasswordHash={hash}");
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    private static void Fail(string message)
    {
        Console.Error.WriteLine(message);
        Environment.ExitCode = 1;
    }
}
