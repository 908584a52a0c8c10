using System.Globalization;
using System.Text;

namespace DualRobot.Tests.Security;

/// <summary>One generated request: everything needed to send it and to print it when a property fails.</summary>
internal sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, string? Authorization, string Note)
{
    public bool IsHead => Method == "HEAD";

    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Body.Length > 160
            ? $"{Encoding.UTF8.GetString(Body, 0, 160)}… ({Body.Length} bytes)"
            : Encoding.UTF8.GetString(Body);
        return $"{Method} {Path} [{Note}] content-type={ContentType ?? "(none)"} auth={(Authorization is null ? "none" : Authorization.Length > 40 ? Authorization[..40] + "…" : Authorization)} body={body}";
    }
}

/// <summary>
/// Hostile and valid requests for every route from a seeded <see cref="Random"/>: the same seed always gives the same
/// cases, so a failure printed with its seed and index can be replayed (<c>DUALROBOT_FUZZ_SEED</c>).
/// </summary>
internal sealed class HostileRequests(Random random, string apiKey)
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    /// <summary>Every route of the api with the method it answers; {name} and {index} are filled per case.</summary>
    public static readonly (string Method, string Template)[] Routes =
    [
        ("GET", "/robots"),
        ("GET", "/robots/{name}"),
        ("GET", "/robots/events"),
        ("POST", "/robots/{name}/drive"),
        ("POST", "/robots/{name}/heartbeat"),
        ("POST", "/robots/{name}/eye"),
        ("PUT", "/robots/{name}/servos/{index}"),
        ("GET", "/estop"),
        ("POST", "/estop"),
        ("POST", "/estop/release"),
        ("GET", "/health"),
        ("GET", "/alive"),
        ("GET", "/metrics"),
        ("GET", "/openapi/v1.json"),
    ];

    private static readonly string[] HostileNames =
    [
        "nobody", "..", "%2e%2e", "..%2F..%2Fetc", "linus%2F..%2Ftorvalds", "linus%2Fdrive", "%2F", "linus%252F", "linus%20",
        "%20linus", "linus;x", "linus%3Bx", "%E2%80%AElinus", "%C0%AE%C0%AE", "lin%75s", "l%C4%B1nus", "LINUS%FF", "%F0%9F%A4%96",
        "\u0130inus", "lınus", "linus.", "~linus", "$linus", "{name}", "%7Bname%7D", "linus%5C..%5Ctorvalds", "*", "%2A",
    ];

    private static readonly string[] HostileIndexes =
    [
        "-1", "2", "3", "99999999999999999999", "2147483648", "1e3", "0x1", "+1", "%201", "%EF%BC%91", "1.0", "NaN", "Infinity",
        "%2e%2e", "0%2F1", "١", "", "%20", "00000000000000000000000000000000001x",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/jsonx", "json", "*/*", "application/", ";;;", "application/json; charset=\"",
    ];

    private static readonly string[] Directions = ["forward", "backward", "left", "right", "stop"];
    private static readonly string[] EyeStates = ["on", "off", "blink"];

    /// <summary>A request that is well-formed in every respect and must be accepted (2xx).</summary>
    public FuzzRequest Valid()
    {
        var linus = random.Next(2) == 0;
        var name = Case(linus ? "linus" : "torvalds");
        var json = random.Next(2) == 0 ? "application/json" : "application/json; charset=utf-8";
        switch (random.Next(linus ? 6 : 5))
        {
            case 0:
            {
                var fields = new List<string> { $"\"direction\":{JsonString(Pick(Directions))}" };
                if (linus && random.Next(2) == 0)
                {
                    fields.Add($"\"speed\":{Number(random.NextDouble())}");
                }
                else if (!linus && random.Next(3) == 0)
                {
                    fields.Add("\"speed\":1");
                }

                if (random.Next(2) == 0)
                {
                    fields.Add($"\"leaseMs\":{random.Next(50, 5001)}");
                }

                return new("POST", $"/robots/{name}/drive", Object(fields), json, Bearer(), "valid drive");
            }

            case 1:
                return random.Next(3) switch
                {
                    0 => new("POST", $"/robots/{name}/heartbeat", null, null, Bearer(), "valid heartbeat, no body"),
                    1 => new("POST", $"/robots/{name}/heartbeat", Object([]), json, Bearer(), "valid heartbeat, empty object"),
                    _ => new("POST", $"/robots/{name}/heartbeat", Object([$"\"leaseMs\":{random.Next(50, 5001)}"]), json, Bearer(), "valid heartbeat"),
                };
            case 2:
                return new("POST", $"/robots/{name}/eye", Object([$"\"state\":{JsonString(Pick(EyeStates))}"]), json, Bearer(), "valid eye");
            case 3:
                return new("GET", Pick(["/robots", $"/robots/{name}", "/estop", "/health", "/alive", "/metrics", "/openapi/v1.json"]), null, null, null, "valid read");
            case 4:
                return new("GET", $"/robots/{name}", null, null, Bearer(), "valid read with a key");
            default:
            {
                var angle = Math.Round((random.NextDouble() * 180) - 90, random.Next(0, 4));
                return new("PUT", $"/robots/{name}/servos/{Pick(["0", "1", "00", "01"])}",
                    Object([$"\"angle\":{Number(angle)}"]), json, Bearer(), "valid servo");
            }
        }
    }

    /// <summary>A request with one or more things wrong (or, by chance, nothing wrong: the oracle only needs no 5xx).</summary>
    public FuzzRequest Hostile()
    {
        // Mostly the actuating routes, whose bodies and names matter; the read routes still get a quarter.
        var actuating = Routes.Where(r => r.Method != "GET").ToArray();
        var (routeMethod, template) = random.Next(4) == 0 ? Routes[random.Next(Routes.Length)] : actuating[random.Next(actuating.Length)];
        var method = random.Next(100) < 85 ? routeMethod : Pick(Methods);
        if (method == "GET" && template == "/robots/events")
        {
            // The stream never ends by itself; its other methods are still fuzzed.
            method = Pick(["POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);
        }

        var notes = new List<string>();
        var name = random.Next(10) < 6 ? Case(Pick(["linus", "torvalds"])) : HostileName(notes);
        var index = random.Next(10) < 6 ? Pick(["0", "1"]) : Pick(HostileIndexes);
        var path = template.Replace("{name}", name, StringComparison.Ordinal).Replace("{index}", index, StringComparison.Ordinal);
        if (random.Next(20) == 0)
        {
            path += Pick(["/", "//", "/x", "?direction=forward", "?a=%00", "#frag", "/.", "/.."]);
            notes.Add("suffix");
        }

        var body = HostileBody(template, notes);
        var contentType = random.Next(10) < 8 ? "application/json" : Pick(ContentTypes.Append(null).ToArray());
        var authorization = random.Next(10) < 9 ? Bearer() : Pick([null, "Bearer wrong", $"Basic {apiKey}", apiKey]);
        return new(method, path, body, contentType, authorization, string.Join(",", notes));
    }

    private string HostileName(List<string> notes)
    {
        notes.Add("hostile name");
        return random.Next(4) switch
        {
            0 => Uri.EscapeDataString(RandomText(random.Next(1, 40))),
            1 => new string('a', Pick([33, 64, 65, 300, 2000])),
            _ => Pick(HostileNames),
        };
    }

    private byte[]? HostileBody(string template, List<string> notes)
    {
        var fields = template switch
        {
            var t when t.EndsWith("/drive", StringComparison.Ordinal) => new[] { "direction", "speed", "leaseMs" },
            var t when t.EndsWith("/heartbeat", StringComparison.Ordinal) => ["leaseMs"],
            var t when t.EndsWith("/eye", StringComparison.Ordinal) => ["state"],
            var t when t.Contains("/servos/", StringComparison.Ordinal) => ["angle"],
            _ => ["direction", "state", "angle"],
        };

        var kind = random.Next(16);
        notes.Add($"body#{kind}");
        switch (kind)
        {
            case 0:
                return null;
            case 1:
                return [];
            case 2:
                // Random members: known and unknown names, values of any type.
                return Object(Enumerable.Range(0, random.Next(0, 6))
                    .Select(_ => $"{JsonString(random.Next(3) == 0 ? RandomText(random.Next(0, 12)) : Pick(fields))}:{AnyValue(3)}").ToList());
            case 3:
                // Right names, wrong types.
                return Object(fields.Select(f => $"\"{f}\":{Pick(["true", "false", "null", "[]", "{}", "\"1\"", "[\"forward\"]", "{\"a\":1}", "\"\"", "1", "-1", "0.5"])}").ToList());
            case 4:
                // Huge, tiny and non-finite numbers, including literals JSON does not allow.
                return Object(fields.Select(f => $"\"{f}\":{Pick(["1e308", "1e309", "-1e400", "4.9e-324", "123456789012345678901234567890", "-0", "NaN", "Infinity", "-Infinity", "\"NaN\"", "\"Infinity\"", "0x10", "1_000", ".5", "5.", "+1", "01", "1e", "2147483648", "-2147483649", "9223372036854775808"])}").ToList());
            case 5:
                // Duplicate keys.
                var field = Pick(fields);
                return Object([$"\"{field}\":{AnyValue(1)}", $"\"{field}\":{AnyValue(1)}"]);
            case 6:
                // Deep nesting.
                var depth = Pick([10, 63, 64, 65, 200, 1000]);
                return Encoding.UTF8.GetBytes($"{{\"{Pick(fields)}\":{new string('[', depth)}1{new string(']', depth)}}}");
            case 7:
                // Sizes around and beyond the 4 KiB limit.
                var size = Pick([4000, 4090, 4096, 4097, 5000, 16384, 70000]);
                var padding = new string('x', Math.Max(0, size - 32));
                return Encoding.UTF8.GetBytes($"{{\"{Pick(fields)}\":\"{padding}\"}}");
            case 8:
                // Unicode: escapes, lone surrogates, bidi controls, look-alikes of valid values.
                return Object([$"\"{Pick(fields)}\":{Pick(["\"\\u0066orward\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u202eforward\"", "\"ｆｏｒｗａｒｄ\"", "\"forward\\u0000\"", "\"on\\n\"", "\" on\"", "\"ОN\"", "\"\ud83e\udd16\"", JsonString(RandomText(random.Next(1, 30)))])}"]);
            case 9:
                // Invalid UTF-8, a BOM, control bytes.
                return Pick<byte[]>([
                    [0x7B, 0x22, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D],
                    [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"direction\":\"stop\"}")],
                    [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00],
                    [0x00, 0x00, 0x00, 0x00],
                    [0x7B, 0x22, 0x73, 0x74, 0x61, 0x74, 0x65, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D],
                ]);
            case 10:
                // Not an object.
                return Encoding.UTF8.GetBytes(Pick(["null", "[]", "[{}]", "1", "\"forward\"", "true", "{", "}", "{}}", "{\"direction\":\"forward\"", "{'direction':'forward'}", "{direction:forward}", "/* */{}", "{\"direction\":\"forward\",}", "   ", "\n"]));
            case 11:
                // Random bytes.
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                return bytes;
            case 12:
                // A valid-looking body with an extra member.
                return Object([$"\"{Pick(fields)}\":{AnyValue(1)}", $"\"{RandomText(random.Next(1, 10)).Replace("\"", "", StringComparison.Ordinal)}\":1"]);
            default:
                // Values of the right type, random content.
                return Object(fields.Select(f => $"\"{f}\":{AnyValue(0)}").ToList());
        }
    }

    private string AnyValue(int depth) => random.Next(depth > 0 ? 9 : 7) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => Number((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 12))),
        3 => random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture),
        4 => JsonString(Pick(Directions.Concat(EyeStates).ToArray())),
        5 => JsonString(RandomText(random.Next(0, 20))),
        6 => Number(Math.Round((random.NextDouble() * 400) - 200, 2)),
        7 => $"[{string.Join(',', Enumerable.Range(0, random.Next(0, 4)).Select(_ => AnyValue(depth - 1)))}]",
        _ => $"{{\"{RandomText(3).Replace("\"", "", StringComparison.Ordinal)}\":{AnyValue(depth - 1)}}}",
    };

    private string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0xA0, 0x2FF),
                2 => (char)random.Next(0x400, 0x4FF),
                3 => char.ConvertFromUtf32(random.Next(0x1F600, 0x1F650)),
                4 => Pick(["/", "\\", "..", "%", "%00", "\"", "'", "<", ">", "&", "\u202E", "\u200B", "\uFEFF", " "]),
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return builder.ToString();
    }

    private string Case(string name) => random.Next(3) switch
    {
        0 => name,
        1 => name.ToUpperInvariant(),
        _ => char.ToUpperInvariant(name[0]) + name[1..],
    };

    private string Bearer() => $"{Pick(["Bearer", "bearer", "BEARER"])} {apiKey}";

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];

    private byte[] Object(List<string> members)
    {
        // Members in random order, with random insignificant whitespace.
        var shuffled = members.OrderBy(_ => random.Next()).ToList();
        var space = random.Next(3) == 0 ? " \n\t" : string.Empty;
        return Encoding.UTF8.GetBytes($"{{{space}{string.Join("," + space, shuffled)}{space}}}");
    }

    private static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
