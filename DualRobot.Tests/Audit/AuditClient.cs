using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Operators;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Audit;

/// <summary>Reads the trail back through <c>GET /audit</c>, and sends requests as a named console user.</summary>
internal static class AuditClient
{
    public static HttpRequestMessage As(this HttpRequestMessage request, string user, string? role = null)
    {
        request.Headers.Add(OperatorHeaders.User, user);
        if (role is not null)
        {
            request.Headers.Add(OperatorHeaders.Role, role);
        }

        return request;
    }

    /// <summary>
    /// Sends <paramref name="body"/> (JSON) as <paramref name="user"/>; with <paramref name="expected"/>, asserts the
    /// answer's status, naming the request and the answer's body when it differs.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsAsync(this HttpClient client,
        string user, string method, string path, string? body, HttpStatusCode? expected = null, string? role = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path).As(user, role);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        if (expected is { } status)
        {
            Assert.True(status == response.StatusCode, $"{user} {method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    public static async Task<List<AuditRecordDto>> AuditAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync($"/audit?limit=1000{query}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<AuditRecordDto>>())!;
    }

    /// <summary>Waits until the writer has put <paramref name="count"/> records matching <paramref name="query"/> in the store.</summary>
    public static async Task<List<AuditRecordDto>> AuditEventuallyAsync(this HttpClient client, int count, string query = "")
    {
        List<AuditRecordDto> records = [];
        await Eventually.True(async () => (records = await client.AuditAsync(query)).Count >= count,
            () => $"{count} audit record(s) for '{query}'; the store has {records.Count}");
        return records;
    }
}

public sealed record AuditRecordDto(
    long Id, DateTimeOffset Time, string User, string? Robot, string Action, Dictionary<string, string>? Parameters, string Outcome, string? Detail,
    int Count = 1, DateTimeOffset? Last = null);
