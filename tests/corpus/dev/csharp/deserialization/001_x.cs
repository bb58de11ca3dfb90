using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Automation.Api.Workflows;

public abstract class WorkflowStep
{
    public string Name { get; set; } = "";
}

public sealed class SendEmailStep : WorkflowStep
{
    public string Template { get; set; } = "";
    public string To { get; set; } = "";
}

public sealed class WaitStep : WorkflowStep
{
    public TimeSpan Delay { get; set; }
}

public sealed class WebhookStep : WorkflowStep
{
    public string IntegrationId { get; set; } = "";
}

public sealed class WorkflowDefinition
{
    public string Title { get; set; } = "";
    public List<WorkflowStep> Steps { get; set; } = new();
    public Dictionary<string, object> Variables { get; set; } = new();
}

// Only the workflow step types can be named in "$type"; anything else fails to bind.
public sealed class WorkflowStepBinder : ISerializationBinder
{
    private static readonly Dictionary<string, Type> Known = new()
    {
        ["email"] = typeof(SendEmailStep),
        ["wait"] = typeof(WaitStep),
        ["webhook"] = typeof(WebhookStep)
    };

    public Type BindToType(string? assemblyName, string typeName) =>
        Known.TryGetValue(typeName, out var type)
            ? type
            : throw new JsonSerializationException($"Unknown step type '{typeName}'.");

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = null;
        typeName = Known.FirstOrDefault(kv => kv.Value == serializedType).Key
            ?? throw new JsonSerializationException($"Type {serializedType.Name} cannot be serialized.");
    }
}

[ApiController]
[Authorize]
[Route("api/workflows")]
public sealed class WorkflowsController : ControllerBase
{
    // Step types are carried in "$type" so the designer can round-trip polymorphic steps.
    private static readonly JsonSerializerSettings DesignerSettings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new WorkflowStepBinder(),
        MaxDepth = 32
    };

    private readonly IWorkflowRepository _workflows;

    public WorkflowsController(IWorkflowRepository workflows) => _workflows = workflows;

    [HttpPost]
    public async Task<IActionResult> Save(CancellationToken ct)
    {
        using var reader = new StreamReader(Request.Body);
        var json = await reader.ReadToEndAsync(ct);

        WorkflowDefinition? definition;
        try
        {
            definition = JsonConvert.DeserializeObject<WorkflowDefinition>(json, DesignerSettings);
        }
        catch (JsonException)
        {
            return BadRequest(new { message = "workflow JSON is malformed" });
        }

        if (definition is null || definition.Steps.Count == 0)
            return BadRequest(new { message = "a workflow needs at least one step" });

        var id = await _workflows.SaveAsync(User.Identity!.Name!, definition, ct);
        return Created($"/api/workflows/{id}", new { id, definition.Title, steps = definition.Steps.Count });
    }
}

public interface IWorkflowRepository
{
    Task<Guid> SaveAsync(string owner, WorkflowDefinition definition, CancellationToken ct);
}
