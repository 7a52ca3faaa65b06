using AgentChain.Agents.Hosting;
using AgentChain.Agents.Specs;
using AgentChain.Core.Abi;
using Microsoft.Extensions.AI;

namespace AgentChain.Agents.Tools;

/// <summary>
/// The tools an LLM-driven agent gets: one <see cref="AgentActionFunction"/> per allowed action of the spec. Its
/// parameters are the trigger event's parameters the spec reads (the model input and the trigger-sourced call
/// arguments); agents fed from samples get a tool without parameters that acts on the next sample.
/// </summary>
public static class AgentToolset
{
    public static IReadOnlyList<AITool> Create(AgentActionExecutor executor)
    {
        AgentSpec spec = executor.Spec;
        var parameters = new List<AbiParameter>();
        if (spec.Trigger.Kind == TriggerKind.Event)
        {
            AbiEvent trigger = executor.Contracts[spec.Trigger.Contract!].Abi.GetEvent(spec.Trigger.Event!);
            var used = new HashSet<string>(StringComparer.Ordinal);
            if (spec.Input.TriggerField is { } field) used.Add(field);
            foreach (ArgumentSpec a in spec.Action.Arguments)
                if (a.Source == ArgumentSource.Trigger) used.Add(a.Name!);
            foreach (AbiParameter p in trigger.Inputs)
                if (used.Contains(p.Name)) parameters.Add(p);
            string? missing = used.FirstOrDefault(u => parameters.All(p => p.Name != u));
            if (missing is not null)
                throw new AgentSpecException($"the spec reads '{missing}' from {spec.Trigger.Event}, which has no such parameter");
        }
        return [new AgentActionFunction(executor, parameters)];
    }
}
