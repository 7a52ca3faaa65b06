using AgentChain.Agents.Models;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// A deliberate fault between inference and commitment, for testing the challenge game only: the host commits to
/// and acts on what this returns instead of what the model computed. Production hosts have none.
/// </summary>
public interface IInferenceFaultInjector
{
    /// <summary>Shown in every log line of a host that has this injector.</summary>
    string Description { get; }

    ModelEvaluation Tamper(ModelEvaluation honest);
}
