using RecSys.Data;

namespace RecSys.Tests.Data;

public class DataCacheTests
{
    [Fact]
    public void A_parameter_wins_over_the_environment_which_wins_over_the_repository_default()
    {
        string? saved = Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, null);
            Assert.Equal(Path.Combine(TestPaths.RepositoryRoot, "data", "cache"), DataCache.Directory());

            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, "/tmp/from-environment");
            Assert.Equal("/tmp/from-environment", DataCache.Directory());
            Assert.Equal("/tmp/from-parameter", DataCache.Directory("/tmp/from-parameter"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataCache.EnvironmentVariable, saved);
        }
    }
}
