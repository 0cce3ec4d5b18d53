import { describe, expect, it } from 'vitest';
import { errorMessage, parseExamples, parseJob, parseLinks, votableErrorMessage } from '../src/votable';

const ERROR = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="ERROR">Column "alfa" does not exist (line 1, column 8). Hint: columns are alpha, delta</INFO></RESOURCE></VOTABLE>`;

describe('errors', () => {
  it('reads the message of a VOTable error document', () => {
    expect(votableErrorMessage(ERROR)).toBe('Column "alfa" does not exist (line 1, column 8). Hint: columns are alpha, delta');
    expect(errorMessage(400, 'Bad Request', ERROR, 'application/x-votable+xml')).toContain('does not exist');
  });

  it('reads problem JSON with its problems', () => {
    const body = JSON.stringify({ error: 'unusable IDs', problems: ['ivo://x?1: not found'] });
    expect(errorMessage(400, 'Bad Request', body, 'application/json')).toBe('unusable IDs: ivo://x?1: not found');
  });

  it('falls back to the status', () => {
    expect(errorMessage(502, 'Bad Gateway', '', null)).toBe('HTTP 502 Bad Gateway');
  });
});

describe('parseLinks', () => {
  it('reads DataLink rows by field name', () => {
    const doc = `<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>
      <FIELD name="ID" datatype="char" arraysize="*"/><FIELD name="access_url" datatype="char" arraysize="*"/>
      <FIELD name="service_def" datatype="char" arraysize="*"/><FIELD name="error_message" datatype="char" arraysize="*"/>
      <FIELD name="semantics" datatype="char" arraysize="*"/><FIELD name="description" datatype="char" arraysize="*"/>
      <FIELD name="content_type" datatype="char" arraysize="*"/><FIELD name="content_length" datatype="long"/>
      <DATA><TABLEDATA>
      <TR><TD>sel</TD><TD>http://h/cutmerge?ID=a&amp;ID=b</TD><TD/><TD/><TD>#this</TD><TD>Cut &amp; Merge</TD><TD>application/x-hdf5</TD><TD/></TR>
      <TR><TD>sel</TD><TD/><TD/><TD>NotFoundFault: gone</TD><TD>#progenitor</TD><TD/><TD/><TD>12</TD></TR>
      </TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`;
    const links = parseLinks(doc);
    expect(links[0]).toMatchObject({ semantics: '#this', accessUrl: 'http://h/cutmerge?ID=a&ID=b', contentType: 'application/x-hdf5', errorMessage: null });
    expect(links[1]).toMatchObject({ semantics: '#progenitor', accessUrl: null, errorMessage: 'NotFoundFault: gone', contentLength: 12 });
  });
});

describe('parseJob', () => {
  it('reads phase and result of a UWS 1.1 job', () => {
    const job = parseJob(`<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink">
      <uws:jobId>abc</uws:jobId><uws:phase>COMPLETED</uws:phase>
      <uws:results><uws:result id="result" xlink:href="http://h/tap/async/abc/results/result"/></uws:results></uws:job>`);
    expect(job).toEqual({ jobId: 'abc', phase: 'COMPLETED', resultUrl: 'http://h/tap/async/abc/results/result' });
  });
});

describe('parseExamples', () => {
  it('reads DALI examples', () => {
    const examples = parseExamples(`<html><body><div id="a" resource="#a" typeof="example"><h2 property="name">Cone</h2>
      <p property="description">Near M31</p><pre property="query">SELECT 1 FROM ivoa.obscore</pre></div></body></html>`);
    expect(examples).toEqual([{ name: 'Cone', query: 'SELECT 1 FROM ivoa.obscore', description: 'Near M31' }]);
  });
});

describe('parseJsonResult', () => {
  it('keeps 64-bit identifiers exact and leaves strings alone', async () => {
    const { parseJsonResult } = await import('../src/tap');
    const result = parseJsonResult('{"metadata":[{"name":"source_id","datatype":"long"},{"name":"s","datatype":"char"},{"name":"x","datatype":"double"}],'
      + '"data":[[3425114819445915650,"a \\" 12345678901234567890",-1.5e-3],[-9007199254740993,"",12]],"query_status":"OK"}');
    expect(result.data).toEqual([['3425114819445915650', 'a " 12345678901234567890', -0.0015], ['-9007199254740993', '', 12]]);
  });
});
