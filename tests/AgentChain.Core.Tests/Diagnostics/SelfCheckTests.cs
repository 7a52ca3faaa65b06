using AgentChain.Core.Diagnostics;

namespace AgentChain.Core.Tests.Diagnostics;

public class SelfCheckTests
{
    [Fact]
    public void EveryPrimitiveCheckPassesAndNamesWhatItChecked()
    {
        var results = SelfCheck.RunAll().ToList();
        Assert.Equal(8, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: {r.Detail}"));
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.Detail)));
    }
}
