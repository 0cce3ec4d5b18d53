import { describe, expect, it } from 'vitest';
import { decodeResponse, encodeCall, SampError } from '../src/samp';

describe('SAMP Web Profile XML-RPC', () => {
  it('encodes strings, lists and maps, escaping XML', () => {
    expect(encodeCall('samp.webhub.notifyAll', ['k', { 'samp.mtype': 'table.load.votable', 'samp.params': { url: 'http://h/tap/sync?a=1&b=<2>' } }, ['x']]))
      .toBe('<?xml version="1.0"?><methodCall><methodName>samp.webhub.notifyAll</methodName><params>'
        + '<param><value><string>k</string></value></param>'
        + '<param><value><struct><member><name>samp.mtype</name><value><string>table.load.votable</string></value></member>'
        + '<member><name>samp.params</name><value><struct><member><name>url</name><value><string>http://h/tap/sync?a=1&amp;b=&lt;2&gt;</string></value></member></struct></value></member></struct></value></param>'
        + '<param><value><array><data><value><string>x</string></value></data></array></value></param></params></methodCall>');
  });

  it('decodes a registration answer (bare values are strings)', () => {
    const answer = decodeResponse(`<?xml version="1.0"?><methodResponse><params><param><value><struct>
      <member><name>samp.private-key</name><value>k:1</value></member>
      <member><name>samp.hub-id</name><value><string>hub</string></value></member>
      <member><name>list</name><value><array><data><value>a</value><value><string>b</string></value></data></array></value></member>
      </struct></value></param></params></methodResponse>`);
    expect(answer).toEqual({ 'samp.private-key': 'k:1', 'samp.hub-id': 'hub', list: ['a', 'b'] });
  });

  it('turns a fault into an error with the hub message', () => {
    expect(() => decodeResponse(`<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>
      <member><name>faultString</name><value><string>Registration denied</string></value></member></struct></value></fault></methodResponse>`))
      .toThrow(new SampError('the SAMP hub refused: Registration denied'));
  });
});
