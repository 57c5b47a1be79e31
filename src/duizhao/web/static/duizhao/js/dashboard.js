// The meeting overview's charts (ECharts, vendored). A static file: the Content-Security-Policy
// allows no inline script. The data address comes from the script tag's data-url.
const dataUrl = document.currentScript.dataset.url;
document.addEventListener("DOMContentLoaded", function () {
  fetch(dataUrl, {credentials: "same-origin"}).then(r => r.json()).then(function (d) {
    if (!window.echarts) return;
    function empty(id, data) {
      if (Object.values(data).some(v => v > 0)) return false;
      document.getElementById(id).innerHTML = '<div class="chart-empty">暂无数据</div>';
      return true;
    }
    const colors = ["#b5121b", "#d9534f", "#f0ad4e", "#5b8def", "#4caf50", "#8e6cc8", "#999"];
    function pie(id, data) {
      if (empty(id, data)) return;
      const entries = Object.entries(data).filter(e => e[1] > 0);
      // SVG: crisp print, and labels stay text. Labels inside the ring show only the count, so
      // long names are never cut to "…" nor drawn over the legend, which lists every name.
      const chart = echarts.init(document.getElementById(id), null, {renderer: "svg"});
      chart.setOption({color: colors, tooltip: {trigger: "item", formatter: "{b}：{c}（{d}%）"},
        legend: {bottom: 0},
        series: [{type: "pie", radius: ["32%", "62%"], center: ["50%", "42%"], data: entries.map(([k, v]) => ({name: k, value: v})),
                  label: {position: "inside", formatter: "{c}", color: "#fff"}, labelLine: {show: false}}]});
    }
    const entries = Object.entries(d.by_aspect);
    if (!empty("chart-aspect", d.by_aspect)) {
      // Horizontal bars: each aspect's name is written in full on its own line at the left.
      const bar = echarts.init(document.getElementById("chart-aspect"), null, {renderer: "svg"});
      bar.setOption({color: colors, tooltip: {}, grid: {left: 8, right: 24, top: 8, bottom: 8, containLabel: true},
        yAxis: {type: "category", inverse: true, data: entries.map(e => e[0]), axisLabel: {interval: 0}},
        xAxis: {type: "value", minInterval: 1}, series: [{type: "bar", data: entries.map(e => e[1]), label: {show: true, position: "right"}}]});
    }
    pie("chart-source", d.by_source);
    pie("chart-tasks", d.tasks);
  });
});
