using DualRobot.Frontend.Apis;
using DualRobot.Frontend.Extensions;
using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Security;

// `dotnet run --project DualRobot.Frontend -- hash-password` prints a hash for Operators:Users:<name>:PasswordHash.
if (args is [PasswordHashCommand.Name, ..])
{
    PasswordHashCommand.Run();
    return;
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddOperatorConsole();

var app = builder.Build();

app.UseForwardedHeaders();
app.UsePortSeparation();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultHttpMetrics();
app.UseStaticFiles();
app.UseWebSockets();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapEventsApi();
app.MapControlApi();
app.MapCommandSocketApi();
app.MapActivityApi();
app.MapZonesApi();
app.MapRazorPages();

app.Run();
