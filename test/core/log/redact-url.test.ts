import test from 'ava';
import { SECRET_QUERY_PARAMS, pathOnly, redactUrl } from '../../../src/core/log/redact-url.ts';
import { requestLogSerializers } from '../../../src/core/log/request-serializers.ts';

test('redactUrl masks every secret query parameter, whatever its case or encoding, and keeps the others', (t) => {
  t.is(redactUrl('/dashboard?t=abc.def&period=week'), '/dashboard?t=[redacted]&period=week');
  t.is(redactUrl('/x?TOKEN=1&Access_Token=2&sig=3&signature=4&code=5&key=6&secret=7&api%5Fkey=8&a=b'), '/x?TOKEN=[redacted]&Access_Token=[redacted]&sig=[redacted]&signature=[redacted]&code=[redacted]&key=[redacted]&secret=[redacted]&api%5Fkey=[redacted]&a=b');
  t.is(redactUrl('/x?t=1&t=2'), '/x?t=[redacted]&t=[redacted]');
  t.is(redactUrl('/x?t'), '/x?t', 'a bare name carries no value');
  t.is(redactUrl('/plain/path'), '/plain/path');
  for (const name of SECRET_QUERY_PARAMS) t.is(redactUrl(`/x?${name}=s3cr3t`), `/x?${name}=[redacted]`, name);
});

test('redactUrl masks the password of a URL userinfo and drops the fragment', (t) => {
  t.is(redactUrl('mysql://root:hunter2@db:3306/bets'), 'mysql://root:[redacted]@db:3306/bets');
  t.is(redactUrl('redis://:hunter2@127.0.0.1:6379'), 'redis://:[redacted]@127.0.0.1:6379');
  t.is(redactUrl('https://user@example.com/hook?token=abc#frag'), 'https://user@example.com/hook?token=[redacted]');
  t.is(redactUrl('sqlite:./data/dbsbm.sqlite'), 'sqlite:./data/dbsbm.sqlite');
});

test('pathOnly keeps the path of a request target', (t) => {
  t.is(pathOnly('/dashboard/data?t=abc&sport=x'), '/dashboard/data');
  t.is(pathOnly('/a#b?c'), '/a');
  t.is(pathOnly('/a'), '/a');
});

test('the request-log serializers mask the URL, the parsed query and URL headers', (t) => {
  const req = requestLogSerializers.req({
    url: '/dashboard/data?t=tok-123456&sport=soccer',
    query: { t: 'tok-123456', sport: 'soccer' },
    headers: { referer: 'http://127.0.0.1/dashboard?t=tok-123456', 'user-agent': 'x' },
  });
  t.is(req.url, '/dashboard/data?t=[redacted]&sport=soccer');
  t.deepEqual(req.query, { t: '[redacted]', sport: 'soccer' });
  t.is(req.headers!.referer, 'http://127.0.0.1/dashboard?t=[redacted]');
  t.is(req.headers!['user-agent'], 'x');
  const res = requestLogSerializers.res({ statusCode: 302, headers: { location: '/dashboard?t=tok-123456' } });
  t.is(res.headers!.location, '/dashboard?t=[redacted]');
});
