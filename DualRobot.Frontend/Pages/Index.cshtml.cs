using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DualRobot.Frontend.Pages;

public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
