var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

var app = builder.Build();

app.UseDefaultHttpMetrics();
app.MapDefaultEndpoints();

app.Run();
