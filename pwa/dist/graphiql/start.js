// Starts GraphiQL on the demo's /graphiql page against this server's /graphql. A file of
// its own, so that the page's content security policy allows no inline script.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
