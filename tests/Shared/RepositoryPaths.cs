namespace Realtime.Testing;

/// <summary>Where the repository is, for tests and tools that run from their build output inside it.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the running assembly that holds Realtime.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Realtime.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"Realtime.sln was not found above {AppContext.BaseDirectory}.");
        }
    }
}
