var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorPages();

var app = builder.Build();

app.UseDefaultHttpMetrics();
app.UseStaticFiles();
app.UseRouting();
app.MapDefaultEndpoints();
app.MapRazorPages();

app.Run();
