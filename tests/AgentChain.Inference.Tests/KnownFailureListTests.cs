using AgentChain.Inference.Conformance;

namespace AgentChain.Inference.Tests;

public sealed class KnownFailureListTests
{
    private static ConformanceReport Report(params (string Name, ConformanceOutcome Outcome)[] cases) =>
        new(cases.Select(c => new ConformanceCaseResult(c.Name, c.Outcome, c.Outcome == ConformanceOutcome.Skipped ? "op X not supported by backend y" : "differs")).ToList());

    [Fact]
    public void Parse_reads_names_and_reasons_and_skips_comments_and_blank_lines()
    {
        KnownFailureList list = KnownFailureList.Parse(["# header", "", "test_a   reason one", "\ttest_b\tsecond reason  "], "x.txt");
        Assert.Equal(2, list.Reasons.Count);
        Assert.Equal("reason one", list.Reasons["test_a"]);
        Assert.Equal("second reason", list.Reasons["test_b"]);
    }

    [Fact]
    public void An_entry_without_a_reason_is_refused_with_its_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => KnownFailureList.Parse(["test_a  why", "test_b"], "x.txt"));
        Assert.Contains("x.txt line 2", e.Message);
        Assert.Contains("test_b", e.Message);
    }

    [Fact]
    public void A_case_listed_twice_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => KnownFailureList.Parse(["test_a  why", "test_a  again"], "x.txt"));
        Assert.Contains("listed twice", e.Message);
    }

    [Fact]
    public void Check_accepts_a_run_whose_failures_are_exactly_the_list()
    {
        KnownFailureList list = KnownFailureList.Parse(["test_a  why"], "x.txt");
        (var unexpected, var stale) = list.Check(Report(("test_a", ConformanceOutcome.Failed), ("test_b", ConformanceOutcome.Passed), ("test_c", ConformanceOutcome.Skipped)));
        Assert.Empty(unexpected);
        Assert.Empty(stale);
    }

    [Fact]
    public void Check_reports_unlisted_failures_and_listed_cases_that_pass_are_skipped_or_are_gone()
    {
        KnownFailureList list = KnownFailureList.Parse(["test_pass  p", "test_skip  s", "test_gone  g", "test_fail  f"], "x.txt");
        (var unexpected, var stale) = list.Check(Report(("test_fail", ConformanceOutcome.Failed), ("test_new", ConformanceOutcome.Failed),
            ("test_pass", ConformanceOutcome.Passed), ("test_skip", ConformanceOutcome.Skipped)));
        Assert.Equal(["test_new: differs"], unexpected);
        Assert.Equal(3, stale.Count);
        Assert.Contains(stale, s => s.StartsWith("test_pass") && s.EndsWith("passes"));
        Assert.Contains(stale, s => s.StartsWith("test_skip") && s.Contains("is skipped"));
        Assert.Contains(stale, s => s.StartsWith("test_gone") && s.EndsWith("does not exist"));
    }
}
