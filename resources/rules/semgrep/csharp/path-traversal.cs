using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

[ApiController]
[Route("api/files")]
public class FilesController : ControllerBase
{
    private readonly string _baseDir;

    public FilesController(IWebHostEnvironment env)
    {
        _baseDir = Path.Combine(env.ContentRootPath, "uploads");
    }

    [HttpGet("download")]
    public IActionResult Download([FromQuery] string name)
    {
        var path = Path.Combine(_baseDir, name);
        // ruleid: cs-path-traversal
        return PhysicalFile(path, "application/octet-stream");
    }

    [HttpGet("download-safe")]
    public IActionResult DownloadSafe([FromQuery] string name)
    {
        var path = Path.Combine(_baseDir, Path.GetFileName(name));
        // ok: cs-path-traversal
        return PhysicalFile(path, "application/octet-stream");
    }

    [HttpGet("read")]
    public async Task<IActionResult> Read(string file)
    {
        // ruleid: cs-path-traversal
        var text = await System.IO.File.ReadAllTextAsync(_baseDir + "/" + file);
        return Content(text, "text/plain");
    }

    [HttpGet("read-checked")]
    public async Task<IActionResult> ReadChecked(string file)
    {
        var root = Path.GetFullPath(_baseDir) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, file));
        if (!full.StartsWith(root, StringComparison.Ordinal))
        {
            return BadRequest();
        }
        // ok: cs-path-traversal
        var text = await System.IO.File.ReadAllTextAsync(full);
        return Content(text, "text/plain");
    }

    [HttpPost("upload")]
    public async Task<IActionResult> Upload(IFormFile upload)
    {
        // ruleid: cs-path-traversal
        using var stream = new FileStream(Path.Combine(_baseDir, upload.FileName), FileMode.Create);
        await upload.CopyToAsync(stream);
        return Ok();
    }

    [HttpPost("upload-safe")]
    public async Task<IActionResult> UploadSafe(IFormFile upload)
    {
        var stored = Guid.NewGuid().ToString("N") + Path.GetExtension(upload.FileName);
        // ok: cs-path-traversal
        using var stream = new FileStream(Path.Combine(_baseDir, stored), FileMode.Create);
        await upload.CopyToAsync(stream);
        using var reader = new StreamReader(upload.OpenReadStream());
        // ok: cs-path-traversal
        using var body = new StreamReader(Request.Body);
        return Ok(await reader.ReadToEndAsync());
    }

    [HttpDelete("{name}")]
    public IActionResult Delete([FromRoute] string name)
    {
        // ruleid: cs-path-traversal
        System.IO.File.Delete(Path.Combine(_baseDir, name));
        return NoContent();
    }

    [HttpGet("logs")]
    public IActionResult Logs([FromQuery] string file)
    {
        if (file.Contains("..") || Path.IsPathRooted(file))
        {
            return BadRequest();
        }
        // ok: cs-path-traversal
        return PhysicalFile(Path.Combine(_baseDir, "logs", file), "text/plain");
    }
}

public class ReportModel : PageModel
{
    public string Body { get; private set; }

    public void OnGet(string report)
    {
        // ruleid: cs-path-traversal
        Body = System.IO.File.ReadAllText(Path.Combine("/srv/reports", report));
    }

    public void OnGetDefault()
    {
        // ok: cs-path-traversal
        Body = System.IO.File.ReadAllText(Path.Combine("/srv/reports", "summary.txt"));
    }
}

public static class AssetEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/assets/{name}", (string name, IWebHostEnvironment env) =>
        {
            // ruleid: cs-path-traversal
            return Results.File(Path.Combine(env.WebRootPath, "assets", name), "application/octet-stream");
        });

        app.MapGet("/assets-safe/{name}", (string name, IWebHostEnvironment env) =>
        {
            // ok: cs-path-traversal
            return Results.File(Path.Combine(env.WebRootPath, "assets", Path.GetFileName(name)), "application/octet-stream");
        });
    }
}

public sealed class PluginInstaller
{
    public void InstallUnchecked(string packagePath, string pluginDir)
    {
        using var archive = ZipFile.OpenRead(packagePath);
        foreach (ZipArchiveEntry item in archive.Entries)
        {
            var target = Path.Combine(pluginDir, item.FullName);
            // ruleid: cs-path-traversal-archive-entry
            item.ExtractToFile(target, true);
        }
    }

    public void InstallChecked(string packagePath, string pluginDir)
    {
        var root = Path.GetFullPath(pluginDir) + Path.DirectorySeparatorChar;
        using var archive = ZipFile.OpenRead(packagePath);
        foreach (var item in archive.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, item.FullName));
            if (!target.StartsWith(root, StringComparison.Ordinal))
                throw new InvalidDataException("entry escapes the plugin folder");
            // ok: cs-path-traversal-archive-entry
            item.ExtractToFile(target, true);
        }
    }

    public void InstallFlat(string packagePath, string pluginDir)
    {
        using var archive = ZipFile.OpenRead(packagePath);
        foreach (var item in archive.Entries)
        {
            // ok: cs-path-traversal-archive-entry
            using var output = File.Create(Path.Combine(pluginDir, Path.GetFileName(item.FullName)));
            item.Open().CopyTo(output);
        }
    }

    public async Task UnpackTar(Stream tarStream, string dir)
    {
        using var reader = new TarReader(tarStream);
        TarEntry? entry;
        while ((entry = reader.GetNextEntry()) != null)
        {
            var dest = Path.Combine(dir, entry.Name);
            // ruleid: cs-path-traversal-archive-entry
            await entry.ExtractToFileAsync(dest, overwrite: true);
        }
    }
}

public class ReportArchive
{
    private readonly string _reports = "/srv/reports";

    public string Locate(string month, string name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        // ruleid: cs-path-traversal-method-argument
        return Path.Combine(_reports, month, name);
    }

    public byte[] Load(string reportName)
    {
        var p = Path.Combine(_reports, reportName);
        // ruleid: cs-path-traversal-method-argument
        return File.ReadAllBytes(p);
    }

    public string LocateContained(string name)
    {
        var root = Path.GetFullPath(_reports) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, name));
        if (!full.StartsWith(root, StringComparison.Ordinal))
            throw new UnauthorizedAccessException();
        // ok: cs-path-traversal-method-argument
        return full;
    }

    public string LocatePlainName(string name)
    {
        // ok: cs-path-traversal-method-argument
        return Path.Combine(_reports, Path.GetFileName(name));
    }

    public string Under(string rootDir)
    {
        // ok: cs-path-traversal-method-argument
        return Path.Combine(rootDir, "index.json");
    }
}

public class ReportsController : Controller
{
    private readonly ReportArchive _archive;

    // the path comes back from an application service; its code is checked where it is written
    public IActionResult Get([FromQuery] string name)
    {
        var path = _archive.LocateContained(name);
        // ok: cs-path-traversal
        return PhysicalFile(path, "application/pdf");
    }

    public IActionResult GetDirect([FromQuery] string name)
    {
        var path = Path.Combine("/srv/reports", name);
        // ruleid: cs-path-traversal
        return PhysicalFile(path, "application/pdf");
    }
}

public class AttachmentStore
{
    private readonly string _root = "/data/attachments";

    public string SaveUnder(string extension, byte[] data)
    {
        var id = Guid.NewGuid();
        var target = Path.Combine(_root, id.ToString("N") + extension);
        // ok: cs-path-traversal-method-argument
        File.WriteAllBytes(target, data);
        return target;
    }

    public void SaveNamed(string label, string extension, byte[] data)
    {
        var target = Path.Combine(_root, label + extension);
        // ruleid: cs-path-traversal-method-argument
        File.WriteAllBytes(target, data);
    }
}

public class PreviewController : Controller
{
    private readonly ISlugService _slugs;

    // The path is built here, but from a value an injected service returned; the service's code is
    // not visible at this call site, so the rule does not guess what it does with the name.
    public IActionResult Show([FromQuery] string page)
    {
        var slug = _slugs.Normalise(page);
        // todoruleid: cs-path-traversal
        return PhysicalFile(Path.Combine("/srv/previews", slug), "text/html");
    }
}
