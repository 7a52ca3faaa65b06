namespace AgentChain.Agents.Specs;

/// <summary>Where one argument of the agent's contract call comes from.</summary>
public enum ArgumentSource
{
    /// <summary>A parameter of the triggering event, by name (event triggers only).</summary>
    Trigger,

    /// <summary>One element of a model output, times a scale, rounded to an integer.</summary>
    Output,

    /// <summary>A fixed value written in the spec.</summary>
    Constant,

    /// <summary>The hash of the model input (bytes32): names the case when the trigger carries no id.</summary>
    InputHash,
}
