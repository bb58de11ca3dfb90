using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Recipes.Web.Pages.Recipes;

[Authorize]
[RequestSizeLimit(4 * 1024 * 1024 + 16 * 1024)]
public sealed class PhotoModel : PageModel
{
    private const long MaxPhotoBytes = 4 * 1024 * 1024;

    private readonly IRecipeRepository _recipes;
    private readonly IConfiguration _config;

    public PhotoModel(IRecipeRepository recipes, IConfiguration config)
    {
        _recipes = recipes;
        _config = config;
    }

    [BindProperty(SupportsGet = true)]
    public int RecipeId { get; set; }

    [BindProperty, Required]
    public IFormFile? Photo { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var recipe = await _recipes.FindOwnedAsync(RecipeId, User, ct);
        if (recipe is null)
            return NotFound();

        if (!ModelState.IsValid || Photo is null || Photo.Length == 0)
        {
            Message = "Choose a photo to upload.";
            return Page();
        }

        if (Photo.Length > MaxPhotoBytes)
        {
            Message = "Photos must be 4 MB or smaller.";
            return Page();
        }

        // Stored outside wwwroot; served through /media/{id}.
        var photoId = Guid.NewGuid();
        var extension = Path.GetExtension(Photo.FileName).ToLowerInvariant();
        var directory = _config["Media:PhotoRoot"]!;
        var path = Path.Combine(directory, photoId.ToString("N") + extension);

        await using (var target = System.IO.File.Create(path))
        {
            await Photo.CopyToAsync(target, ct);
        }

        await _recipes.SetPhotoAsync(recipe.Id, photoId, path, ct);
        return RedirectToPage("/Recipes/View", new { id = recipe.Id });
    }
}

public sealed record Recipe(int Id, string Title);

public interface IRecipeRepository
{
    Task<Recipe?> FindOwnedAsync(int recipeId, System.Security.Claims.ClaimsPrincipal owner, CancellationToken ct);
    Task SetPhotoAsync(int recipeId, Guid photoId, string path, CancellationToken ct);
}
