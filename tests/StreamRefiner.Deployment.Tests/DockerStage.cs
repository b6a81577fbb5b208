namespace StreamRefiner.Deployment.Tests;

/// <summary>A build stage: the image after FROM, its optional <c>AS</c> name and the instructions after it.</summary>
internal sealed record DockerStage(string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => i.Keyword == keyword);

    public int IndexOf(Func<DockerInstruction, bool> predicate)
    {
        for (var i = 0; i < Instructions.Count; i++)
        {
            if (predicate(Instructions[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
