using System.Collections;
using System.Globalization;
using System.Numerics;
using AgentChain.Agents.Models;
using AgentChain.Agents.Specs;
using AgentChain.Core.Abi;
using AgentChain.Core.Encoding;
using AgentChain.Core.Numerics;
using AgentChain.Core.Types;

namespace AgentChain.Agents.Hosting;

/// <summary>
/// The pure part of an agent: builds the model input from a trigger and maps model outputs to the contract call the
/// spec describes. The host and the challenge resolver share it, so a re-execution derives exactly the call an honest
/// agent would have made.
/// </summary>
public sealed class ActionPlanner
{
    private readonly AgentSpec _spec;
    private readonly float[][] _samples;

    public ActionPlanner(AgentSpec spec, Address target, ContractAbi targetAbi)
    {
        _spec = spec;
        Target = target;
        Function = targetAbi.GetFunction(spec.Action.Function);
        _samples = spec.Input.SamplesPath is { } path ? SampleFile.Read(path) : [];
    }

    public Address Target { get; }
    public AbiFunction Function { get; }

    /// <summary>Every candidate input row of a sample-fed agent (empty for event-fed agents).</summary>
    public IReadOnlyList<float[]> Samples => _samples;

    /// <summary>The model input for <paramref name="trigger"/>: the event's numeric array × scale, or the next sample row.</summary>
    public float[] BuildInput(AgentTrigger trigger)
    {
        if (_spec.Input.TriggerField is { } field)
        {
            if (!trigger.Fields.TryGetValue(field, out object? raw) || raw is not IList list)
                throw new InvalidOperationException($"the triggering event has no numeric array parameter '{field}'");
            var features = new float[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                double v = list[i] switch
                {
                    BigInteger b => (double)b,
                    UInt256 u => (double)u.ToBigInteger(),
                    IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
                    var other => throw new InvalidOperationException($"element {i} of '{field}' is {other?.GetType().Name ?? "null"}, not a number"),
                };
                features[i] = (float)(v * _spec.Input.Scale);
            }
            return features;
        }
        if (_samples.Length == 0) throw new InvalidOperationException("the agent has no input samples");
        return _samples[(int)(trigger.Sequence % _samples.Length)];
    }

    /// <summary>The call for <paramref name="evaluation"/> under <paramref name="trigger"/>.</summary>
    public PlannedAction Plan(AgentTrigger trigger, ModelEvaluation evaluation)
    {
        var args = new object?[Function.Inputs.Count];
        for (int i = 0; i < args.Length; i++)
        {
            ArgumentSpec a = _spec.Action.Arguments[i];
            AbiType type = Function.InputTypes[i];
            args[i] = a.Source switch
            {
                ArgumentSource.Trigger => trigger.Fields.TryGetValue(a.Name!, out object? v)
                    ? v
                    : throw new InvalidOperationException($"the triggering event has no parameter '{a.Name}'"),
                ArgumentSource.Output => ScaledInteger(evaluation.Output(a.Name!, a.Index) * a.Scale, type, a.Name!),
                ArgumentSource.InputHash => evaluation.InputHash,
                ArgumentSource.Constant => ParseConstant(a.Constant!, type),
                _ => throw new InvalidOperationException($"unknown argument source {a.Source}"),
            };
        }
        UInt256 value = _spec.Action.Value is { } rule && evaluation.Output(rule.Output, rule.Index) >= rule.AtLeast ? rule.Wei : UInt256.Zero;
        return new PlannedAction(Target, value, Function.EncodeCall(args), args, evaluation);
    }

    private static object ScaledInteger(double scaled, AbiType type, string output)
    {
        if (!double.IsFinite(scaled)) throw new InvalidOperationException($"output '{output}' scaled to {scaled}, which is not a finite number");
        var rounded = new BigInteger(Math.Round(scaled, MidpointRounding.ToEven));
        if (type.Kind == AbiTypeKind.UInt)
        {
            BigInteger max = (BigInteger.One << type.Bits) - 1;
            if (rounded < 0 || rounded > max)
                throw new InvalidOperationException($"output '{output}' scaled to {rounded}, outside {type} (0..{max})");
            return UInt256.FromBigInteger(rounded);
        }
        if (type.Kind == AbiTypeKind.Int) return rounded;
        throw new InvalidOperationException($"output '{output}' maps to a {type} parameter; only integer parameters take model outputs");
    }

    private static object ParseConstant(string text, AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => UInt256.Parse(text),
        AbiTypeKind.Int => BigInteger.Parse(text, CultureInfo.InvariantCulture),
        AbiTypeKind.Address => Address.Parse(text),
        AbiTypeKind.Bool => bool.Parse(text),
        AbiTypeKind.String => text,
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => Hex.Decode(text),
        _ => throw new InvalidOperationException($"constant arguments of type {type} are not supported"),
    };
}
