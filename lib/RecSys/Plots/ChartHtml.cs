using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace RecSys.Plots;

/// <summary>
/// The HTML a notebook stores for a chart, built so the chart shows exactly once wherever the notebook is read.
/// It holds the static PNG; a small script then loads plotly.js and replaces the picture with the interactive
/// chart. Where scripts do not run (GitHub's viewer) or plotly.js cannot be fetched (offline), the picture stays.
/// </summary>
public static class ChartHtml
{
    /// <summary>The plotly.js build the interactive charts load, and where from.</summary>
    public const string PlotlyScriptUrl = "https://cdn.plot.ly/plotly-2.35.2.min.js";

    static readonly RecSys.Notebooks.PerRun<StrongBox<int>> chartsRendered = new(() => new StrongBox<int>());

    public static string Render(Chart chart)
    {
        // A stable id (content hash + position in this notebook) keeps rerun notebooks free of random noise.
        string id = $"recsys-chart-{ContentHash(chart)}-{Interlocked.Increment(ref chartsRendered.Value.Value)}";
        var plotly = PlotlyRenderer.ToPlotly(chart);
        plotly.WithId(id);
        string png = Convert.ToBase64String(StaticRenderer.ToPng(chart));
        string title = System.Net.WebUtility.HtmlEncode(chart.Title);
        return $$"""
            <div id="{{id}}" style="width:{{chart.Width}}px;height:{{chart.Height}}px;max-width:100%">
            <img src="data:image/png;base64,{{png}}" width="{{chart.Width}}" height="{{chart.Height}}" alt="{{title}}" style="max-width:100%;height:auto"/>
            </div>
            <script type="text/javascript">
            (function () {
              var draw = function (Plotly) {
                {{PlottingCall(plotly.GetPlottingJS(), id)}}
              };
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof require === 'function' && require.config) { // Jupyter classic loads scripts through RequireJS
                require.config({ paths: { plotly: '{{PlotlyScriptUrl[..^3]}}' } });
                require(['plotly'], draw);
                return;
              }
              var script = document.createElement('script');
              script.src = '{{PlotlyScriptUrl}}';
              script.onload = function () { draw(window.Plotly); };
              document.head.appendChild(script);
            })();
            </script>
            """;
    }

    /// <summary>XPlot's script calls the global Plotly after setting data and layout; empty the picture first.</summary>
    static string PlottingCall(string xplotScript, string id) =>
        $"document.getElementById('{id}').innerHTML = '';\n" + xplotScript;

    static string ContentHash(Chart chart)
    {
        var text = new StringBuilder($"{chart.Kind}|{chart.Title}|{chart.XLabel}|{chart.YLabel}");
        foreach (Series s in chart.Series) text.Append('|').Append(s.Name).Append(string.Join(',', s.Y));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8].ToLowerInvariant();
    }
}
