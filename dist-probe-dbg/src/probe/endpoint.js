import {
  endpointFromAdvertised,
  endpointFromUrl,
  endpointUrl,
  hostHeader,
  hostPort,
  parseConnectOverride
} from "../../chunk-FFSG2VZU.js";
export {
  endpointFromAdvertised,
  endpointFromUrl,
  endpointUrl,
  hostHeader,
  hostPort,
  parseConnectOverride
};
