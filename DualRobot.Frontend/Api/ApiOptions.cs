using System.ComponentModel.DataAnnotations;

namespace DualRobot.Frontend.Api;

/// <summary>The <c>Api</c> section: where the control api lives.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Resolved by Aspire service discovery (<c>services__api__http__0</c>) when run by the AppHost.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("http://api");
}
