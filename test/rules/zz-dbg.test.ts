import { it } from 'vitest';
import { yaml } from './rule-tester.js';
it('dbg', () => {
  console.log(yaml`
        name: cf
        instance_groups:
            properties:
              ha_proxy:
                tcp:
                - name: wss
                  port: &wss_port 4443
  `.split('\n').map((l, i) => `${i + 1}|${l}`).join('\n'));
});
