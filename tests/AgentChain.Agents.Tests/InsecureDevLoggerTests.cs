using AgentChain.Agents.Hosting;
using AgentChain.Agents.Specs;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Tests;

/// <summary>Dev-TEE agents log every line as INSECURE-DEV; other agents' logs are untouched.</summary>
public sealed class InsecureDevLoggerTests
{
    [Fact]
    public void A_dev_tee_agents_lines_all_start_with_INSECURE_DEV_and_wrapping_twice_adds_nothing()
    {
        var sink = new RecordingLogger();
        ILogger logger = InsecureDevLogger.For(AgentSpec.Load(TestPaths.DevTeeSpec), sink);
        Assert.Same(logger, InsecureDevLogger.For(AgentSpec.Load(TestPaths.DevTeeSpec), logger));
        logger.LogInformation("accepted in block {Block}", 7);
        logger.LogWarning("rejected: {Reason}", "InvalidProof");
        Assert.Equal(["INSECURE-DEV dev-TEE: accepted in block 7", "INSECURE-DEV dev-TEE: rejected: InvalidProof"], sink.Lines.Select(l => l.Message));
    }

    [Fact]
    public void A_signed_commitment_agents_logger_is_left_as_it_is()
    {
        var sink = new RecordingLogger();
        AgentSpec demo = AgentSpec.Load(TestPaths.DemoSpec);
        Assert.Equal(ProofKind.SignedCommitment, demo.Proof);
        Assert.Same(sink, InsecureDevLogger.For(demo, sink));
    }
}
