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

    private static readonly HashSet<string> AllowedExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".webp"
    };

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

        var extension = Path.GetExtension(Photo.FileName).ToLowerInvariant();
        if (!AllowedExtensions.Contains(extension) || !await HasImageSignatureAsync(Photo, ct))
        {
            Message = "Only JPEG, PNG or WebP photos are accepted.";
            return Page();
        }

        // Stored outside wwwroot; served through /media/{id}.
        var photoId = Guid.NewGuid();
        var directory = _config["Media:PhotoRoot"]!;
        var path = Path.Combine(directory, photoId.ToString("N") + extension);

        await using (var target = System.IO.File.Create(path))
        {
            await Photo.CopyToAsync(target, ct);
        }

        await _recipes.SetPhotoAsync(recipe.Id, photoId, path, ct);
        return RedirectToPage("/Recipes/View", new { id = recipe.Id });
    }

    private static async Task<bool> HasImageSignatureAsync(IFormFile file, CancellationToken ct)
    {
        var header = new byte[12];
        await using var stream = file.OpenReadStream();
        var read = await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
        if (read < header.Length)
            return false;

        var isJpeg = header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF;
        var isPng = header.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var isWebp = header.AsSpan(0, 4).SequenceEqual("RIFF"u8) && header.AsSpan(8, 4).SequenceEqual("WEBP"u8);
        return isJpeg || isPng || isWebp;
    }
}

public sealed record Recipe(int Id, string Title);

public interface IRecipeRepository
{
    Task<Recipe?> FindOwnedAsync(int recipeId, System.Security.Claims.ClaimsPrincipal owner, CancellationToken ct);
    Task SetPhotoAsync(int recipeId, Guid photoId, string path, CancellationToken ct);
}
