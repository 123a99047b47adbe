// Server-sent events read from a fetch body (EventSource cannot send the bearer token): the text/event-stream format
// of the HTML standard, fed chunk by chunk.

/** A parser: feed(text) returns the events completed by that text, each { event, data, id }. */
export function eventStreamParser() {
  let buffer = '';
  let data = [];
  let event = '';
  let id = null;
  return {
    feed(text) {
      buffer += text;
      const out = [];
      let newline;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        if (newline === buffer.length - 1 && buffer.endsWith('\r')) {
          break; // a CR at the end of a chunk: its LF may come with the next one
        }
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length) {
            out.push({ event: event || 'message', data: data.join('\n'), id });
          }
          data = [];
          event = '';
          continue;
        }
        if (line.startsWith(':')) {
          continue; // a comment: the server's keep-alive
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
          value = value.slice(1);
        }
        if (field === 'data') {
          data.push(value);
        } else if (field === 'event') {
          event = value;
        } else if (field === 'id') {
          id = value;
        }
      }
      return out;
    },
  };
}
