using System.Text.Json.Nodes;

namespace AgentChain.Agents.Tests;

/// <summary>The demo spec as editable JSON, so each validation test changes exactly one thing.</summary>
public static class SpecText
{
    public static JsonObject Demo()
    {
        string text = File.ReadAllText(TestPaths.DemoSpec);
        return JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
    }

    public static string DemoDirectory => Path.GetDirectoryName(TestPaths.DemoSpec)!;
}
