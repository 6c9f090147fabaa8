/** The one api-version the Model Management API accepts (query parameter `api-version`). */
export const API_VERSION = '2017-09-01-preview';
