using System;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;

[ApiController]
[Route("api/session")]
public class SessionController : ControllerBase
{
    [HttpPost("restore")]
    public IActionResult Restore([FromForm] string state)
    {
        var bytes = Convert.FromBase64String(state);
        using var ms = new MemoryStream(bytes);
        var formatter = new BinaryFormatter();
        // ruleid: cs-deserialization-request-data, cs-deserialization-unsafe-formatter
        var cart = (Cart)formatter.Deserialize(ms);
        return Ok(cart);
    }

    [HttpPost("restore-json")]
    public IActionResult RestoreJson([FromForm] string state)
    {
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(state));
        // ok: cs-deserialization-request-data
        var cart = System.Text.Json.JsonSerializer.Deserialize<Cart>(json);
        return Ok(cart);
    }

    [HttpPost("upload")]
    public IActionResult Upload()
    {
        // ruleid: cs-deserialization-request-data, cs-deserialization-unsafe-formatter
        var obj = new BinaryFormatter().Deserialize(Request.Body);
        return Ok(obj.ToString());
    }

    [HttpPost("typed")]
    public IActionResult Typed([FromQuery] string type, [FromBody] JsonElement body)
    {
        // ruleid: cs-deserialization-request-data
        var obj = JsonConvert.DeserializeObject(body.GetRawText(), Type.GetType(type));
        return Ok(obj);
    }

    [HttpPost("newtonsoft")]
    public async Task<IActionResult> Newtonsoft()
    {
        using var reader = new StreamReader(Request.Body);
        var json = await reader.ReadToEndAsync();
        var settings = new JsonSerializerSettings
        {
            // ruleid: cs-deserialization-newtonsoft-typenamehandling
            TypeNameHandling = TypeNameHandling.All,
        };
        var message = JsonConvert.DeserializeObject<Message>(json, settings);
        return Ok(message);
    }

    [HttpPost("newtonsoft-binder")]
    public IActionResult NewtonsoftBinder([FromBody] string json)
    {
        var settings = new JsonSerializerSettings
        {
            // ok: cs-deserialization-newtonsoft-typenamehandling
            TypeNameHandling = TypeNameHandling.Auto,
            SerializationBinder = new KnownTypesBinder { KnownTypes = { typeof(Message) } },
        };
        var legacy = new JsonSerializerSettings();
        // ok: cs-deserialization-newtonsoft-typenamehandling
        legacy.TypeNameHandling = TypeNameHandling.None;
        return Ok(JsonConvert.DeserializeObject<Message>(json, settings));
    }

    [HttpPost("newtonsoft-safe")]
    public async Task<IActionResult> NewtonsoftSafe()
    {
        using var reader = new StreamReader(Request.Body);
        var json = await reader.ReadToEndAsync();
        var settings = new JsonSerializerSettings
        {
            // ok: cs-deserialization-newtonsoft-typenamehandling
            TypeNameHandling = TypeNameHandling.None,
        };
        var message = JsonConvert.DeserializeObject<Message>(json, settings);
        return Ok(message);
    }
}

public class CacheStore
{
    public Cart Load(string path)
    {
        using var stream = File.OpenRead(path);
        var formatter = new BinaryFormatter();
        // ok: cs-deserialization-request-data
        formatter.Serialize(new MemoryStream(), new Cart());
        // ruleid: cs-deserialization-unsafe-formatter
        return (Cart)formatter.Deserialize(stream);
    }

    public Cart LoadLegacy(string json)
    {
        // ruleid: cs-deserialization-unsafe-formatter
        var serializer = new System.Web.Script.Serialization.JavaScriptSerializer(new SimpleTypeResolver());
        // ok: cs-deserialization-unsafe-formatter
        var plain = new System.Web.Script.Serialization.JavaScriptSerializer();
        return plain.Deserialize<Cart>(json);
    }

    public Cart LoadJson(string path)
    {
        // ok: cs-deserialization-unsafe-formatter
        return System.Text.Json.JsonSerializer.Deserialize<Cart>(File.ReadAllText(path));
    }
}

public static class ImportEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/import", (IFormFile file) =>
        {
            using var stream = file.OpenReadStream();
            var serializer = new System.Runtime.Serialization.NetDataContractSerializer();
            // ruleid: cs-deserialization-request-data, cs-deserialization-unsafe-formatter
            var data = serializer.ReadObject(stream);
            return Results.Ok(data);
        });
    }
}

public class PolymorphicSettingsHolder
{
    // ok: cs-deserialization-newtonsoft-typenamehandling
    private static readonly JsonSerializerSettings Restricted = new() { TypeNameHandling = TypeNameHandling.Objects, SerializationBinder = new AllowListBinder() };

    // ruleid: cs-deserialization-newtonsoft-typenamehandling
    private static readonly JsonSerializerSettings Open = new() { TypeNameHandling = TypeNameHandling.Objects, MaxDepth = 16 };

    public object Read(string json)
    {
        var s = new JsonSerializerSettings();
        // ok: cs-deserialization-newtonsoft-typenamehandling
        s.TypeNameHandling = TypeNameHandling.Arrays;
        s.SerializationBinder = new AllowListBinder();
        var t = new JsonSerializerSettings();
        // ruleid: cs-deserialization-newtonsoft-typenamehandling
        t.TypeNameHandling = TypeNameHandling.Arrays;
        return JsonConvert.DeserializeObject(json, s) ?? JsonConvert.DeserializeObject(json, t);
    }
}
